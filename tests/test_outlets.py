"""Outlet spellings folded into one name (storyline.resolve.outlets), on invented names."""

from __future__ import annotations

from storyline.resolve.outlets import OutletNames, credited_outlets, outlet_key


def test_spellings_of_one_outlet() -> None:
    names = OutletNames(["The Daily Lantern", "the Daily Lantern", "Orchard Wire Service", "OWS"])
    assert names.canonical("the daily lantern") == "Daily Lantern"
    assert names.canonical("the Daily Lantern's") == "Daily Lantern"
    assert names.canonical("the Lantern") == "Daily Lantern"
    assert names.canonical("OWS") == "Orchard Wire Service"


def test_names_that_are_not_known_outlets_pass_through() -> None:
    names = OutletNames(["Evening Post", "Morning Post", "Harbor Institute for Tides"])
    assert names.canonical("the Post") == "the Post"  # two outlets end with "Post": ambiguous
    assert names.canonical("Lantern") == "Lantern"
    assert names.canonical("two officials familiar with the talks") == "two officials familiar with the talks"
    assert names.canonical("the Harbor Institute") == "Harbor Institute for Tides"
    assert outlet_key("The  Evening Post’s") == "evening post"


def test_republication_credit_names_an_outlet() -> None:
    assert credited_outlets("This story was first published by the Orchard Wire Service.") == [
        "Orchard Wire Service"
    ]
    assert credited_outlets("(Reporting by Ana Reyes; Editing by Tom Hale)") == []
