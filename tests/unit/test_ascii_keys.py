"""Status keys fold ASCII only: a value that upper-cases into a mapped one through a non-ASCII
letter (a dotless i, a long s, a ligature) is not that value; it reads as UNKNOWN, raw kept."""

from __future__ import annotations

import pytest

from scan_status import ScanState, normalize, vendors
from scan_status.mapping import key

# Non-ASCII text whose str.upper() is ASCII: the look-alikes a careless fold would accept.
LOOKALIKES = {
    "i": "\u0131",  # dotless i
    "s": "\u017f",  # long s
    "fi": "\ufb01",
    "ff": "\ufb00",
    "fl": "\ufb02",
    "st": "\ufb06",
}
DOTLESS_I, LONG_S = LOOKALIKES["i"], LOOKALIKES["s"]


def lookalikes(value: str) -> list[str]:
    """`value` in lower case with one ASCII piece replaced by its look-alike, each way possible."""
    lower = value.lower()
    return [lower.replace(ascii, other, 1) for ascii, other in LOOKALIKES.items() if ascii in lower]


def probes() -> list[tuple[str, str, str]]:
    """(vendor, mapped value, look-alike) for every vendor's every mapped value, from the registry."""
    return [
        (vendor, value, variant)
        for vendor in vendors.known()
        for value in vendors.mapping_of(vendor)
        for variant in lookalikes(value)
    ]


def test_the_probes_are_real_hazards() -> None:
    found = probes()
    assert found, "no mapped value has a letter with a look-alike"
    for _, value, variant in found:
        assert variant.upper() == value.upper() and not variant.isascii()


@pytest.mark.parametrize(("vendor", "value", "variant"), probes())
def test_a_lookalike_of_a_mapped_value_reads_as_unknown(
    vendor: str, value: str, variant: str
) -> None:
    assert normalize(vendor, value.lower()).state is not ScanState.UNKNOWN  # ASCII case folds
    status = normalize(vendor, variant)
    assert status.state is ScanState.UNKNOWN and status.raw == variant


def test_the_issue_probe_dotless_i() -> None:
    probe = "finished_finding_pulling".replace("i", DOTLESS_I)
    assert key(probe) != "FINISHED_FINDING_PULLING"
    assert normalize("threadfix", probe).state is ScanState.UNKNOWN


def test_cortex_sentence_words_fold_ascii_only() -> None:
    assert normalize("cortex", "SCAN IS IN running STATE.").state is ScanState.RUNNING
    for sentence in (
        f"{LONG_S}can is in Running state",
        f"Scan {DOTLESS_I}s in Running state",
        f"Scan is in Running {LONG_S}tate",
    ):
        assert normalize("cortex", sentence).state is ScanState.UNKNOWN, sentence


def test_only_ascii_whitespace_is_trimmed() -> None:
    assert key(" \tPENDING \r\n") == "PENDING"
    assert key("\u00a0PENDING") == "\u00a0PENDING"
