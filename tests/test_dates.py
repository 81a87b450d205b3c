import datetime as dt

import pytest

from alliancegraph.dates import DateError, PartialDate, active_on, parse_as_of


@pytest.mark.parametrize("text, precision, first, last", [
    ("1995", "year", dt.date(1995, 1, 1), dt.date(1995, 12, 31)),
    ("1995-09", "month", dt.date(1995, 9, 1), dt.date(1995, 9, 30)),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # leap year
    ("2024-12-04", "day", dt.date(2024, 12, 4), dt.date(2024, 12, 4)),
])
def test_partial_dates_keep_their_precision(text, precision, first, last):
    d = PartialDate.parse(text)
    assert d.precision == precision
    assert d.iso() == text
    assert (d.first_day(), d.last_day()) == (first, last)


def test_yaml_values_parse():
    assert PartialDate.parse(1961).iso() == "1961"
    assert PartialDate.parse(dt.date(1961, 7, 6)).iso() == "1961-07-06"


@pytest.mark.parametrize("bad", ["2023-02-29", "1995-13", "95", "1995/09/01", "", "2024-06-31", True, 3.5])
def test_impossible_or_malformed_dates_are_rejected(bad):
    with pytest.raises(DateError):
        PartialDate.parse(bad)


def test_dataset_parts_keep_the_known_part():
    # COW/MID code an unknown month or day as -9
    assert PartialDate.from_parts(1950, 6, -9).iso() == "1950-06"
    assert PartialDate.from_parts(1950, -9, 25).iso() == "1950"
    with pytest.raises(DateError):
        PartialDate.from_parts(-9, 1, 1)


def test_as_of_of_a_partial_date_is_its_last_day():
    assert parse_as_of("1980") == dt.date(1980, 12, 31)
    assert parse_as_of("1980-06") == dt.date(1980, 6, 30)
    assert parse_as_of(None) == dt.date.today()


def test_partial_end_runs_to_the_end_of_its_period():
    start, end = PartialDate.parse("2014-03"), PartialDate.parse("2022")
    assert active_on(start, end, dt.date(2022, 12, 31))
    assert not active_on(start, end, dt.date(2023, 1, 1))
    assert active_on(start, end, dt.date(2014, 3, 1))
    assert not active_on(start, end, dt.date(2014, 2, 28))
    assert active_on(None, None, dt.date(1816, 1, 1))
