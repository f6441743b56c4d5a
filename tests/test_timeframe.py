"""Time phrases: the scan for cumulative phrases, read by its words first, finds what a whole-text scan finds."""

from __future__ import annotations

from de06 import numbers, timeframe


def test_cumulative_phrases_read_by_their_words_match_a_full_scan(report_texts):
    edge = ("lũy kế đến nay, tính đến ngày 09/10/2025; (đến 30/9) hiện đang, hiện có; tới ngày 5/10; "
            "đến hết ngày 1/1; thực hiện nay\nđến 12/2025 luỹ kế đến thời điểm báo cáo, đến ngày báo cáo")
    texts = [numbers.lowered(t) for t in report_texts] + [edge, "đến 5/10", "tới hết 3/4"]
    for low in texts:
        assert [m.span() for m in timeframe._cumulative(low)] == [m.span() for m in timeframe._CUMULATIVE.finditer(low)]
    assert len(timeframe._cumulative(edge)) >= 8
