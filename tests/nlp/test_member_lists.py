"""Member lists of council minutes (`nlp.member_lists`), on texts shaped like real minutes."""

from __future__ import annotations

from nlp.member_lists import MemberEntry, parse_member_lists

# An HTML agenda portal's minutes after text extraction: one paragraph a line.
OEKONOMIUDVALGET = (
    "Referat – Økonomiudvalget, Silkeborg Kommune\n"
    "Mødedato: 10. marts 2026\n"
    "Til stede: Helle Brandt Kjær (A), borgmester, Jens Ole Mikkelsen (V), 1. viceborgmester, "
    "Sara Lund Nørgaard (SF) og Peter Friis Holm (V)\n"
    "Fraværende: Ole Brix (DF)\n"
    "Desuden deltog: kommunaldirektør Anne Holm, økonomichef Bo Jensen\n"
    "1. Budgetopfølgning pr. 28. februar\n"
    "Administrationen forventer et merforbrug på 14,6 mio. kr. Helle Brandt Kjær (A) bemærkede, "
    "at udgifterne er steget.\n"
)

# A PDF's text layer: headings on their own lines, one member a line, titles after a dash.
TEKNIK = """Teknik- og Miljøudvalget
Deltagere
Karsten Ahl (I) - formand
Mette Vinther (C) (næstformand)
Freja Munk (EL)
Simon Rye Bach, formand for Teknik- og Miljøudvalget

Afbud
Ingen

Sagsfremstilling
Udvalget anbefaler klimaplanen med en ramme på 74 mio. kr.
"""

# A kommunalbestyrelse that lists its members without letters.
NO_LETTERS = """Kommunalbestyrelsen
Medlemmer: Borgmester Ask Lindholm, Poul Erik Vestergaard; Lene Dam Holm
Afbud fra: Henrik Aagaard
Punkt 1. Godkendelse af dagsorden
"""


def test_til_stede_with_roles_after_commas_and_absent_members() -> None:
    assert parse_member_lists(OEKONOMIUDVALGET) == [
        MemberEntry("Helle Brandt Kjær", "A", "borgmester", True),
        MemberEntry("Jens Ole Mikkelsen", "V", "viceborgmester", True),
        MemberEntry("Sara Lund Nørgaard", "F", "medlem", True),  # SF is list letter F
        MemberEntry("Peter Friis Holm", "V", "medlem", True),
        MemberEntry("Ole Brix", "O", "medlem", False),
    ]


def test_one_member_a_line_with_dash_and_bracket_titles() -> None:
    assert parse_member_lists(TEKNIK) == [
        MemberEntry("Karsten Ahl", "I", "udvalgsformand", True),
        MemberEntry("Mette Vinther", "C", "medlem", True),
        MemberEntry("Freja Munk", "Ø", "medlem", True),  # news abbreviation EL is list letter Ø
        MemberEntry("Simon Rye Bach", None, "udvalgsformand", True),
    ]


def test_lists_without_letters_and_a_title_before_the_name() -> None:
    assert parse_member_lists(NO_LETTERS) == [
        MemberEntry("Ask Lindholm", None, "borgmester", True),
        MemberEntry("Poul Erik Vestergaard", None, "medlem", True),
        MemberEntry("Lene Dam Holm", None, "medlem", True),
        MemberEntry("Henrik Aagaard", None, "medlem", False),
    ]


def test_staff_and_sentences_are_not_members() -> None:
    names = {e.name for e in parse_member_lists(OEKONOMIUDVALGET)}
    assert not names & {"Anne Holm", "Bo Jensen"}
    # A sentence about a member is no list; a heading in the middle of a line is no heading.
    assert parse_member_lists("Peter Friis Holm (V) deltog ikke i behandlingen. Til stede: Bent Hansen") == []
    assert parse_member_lists("Til stede: Der var ingen fremmøde fra borgerne.") == []


def test_a_local_list_letter_is_kept() -> None:
    assert parse_member_lists("Til stede: Jens Ole Mikkelsen (L)") == [
        MemberEntry("Jens Ole Mikkelsen", "L", "medlem", True)
    ]


def test_a_member_listed_twice_counts_once() -> None:
    text = "Til stede: Freja Munk (Ø)\nFraværende: Freja Munk (Ø)\n"
    assert parse_member_lists(text) == [MemberEntry("Freja Munk", "Ø", "medlem", True)]


def test_a_name_wrapped_over_two_lines_of_a_pdf() -> None:
    text = (
        "Til stede: Helle Brandt Kjær (A), borgmester, Jens Ole Mikkelsen (V), 1. viceborgmester, Lene\n"
        "Skov (SF), Mads Thygesen (C)\nFraværende: Ingen\n1. Godkendelse af dagsorden\n"
    )
    assert [(e.name, e.party, e.role) for e in parse_member_lists(text)] == [
        ("Helle Brandt Kjær", "A", "borgmester"),
        ("Jens Ole Mikkelsen", "V", "viceborgmester"),
        ("Lene Skov", "F", "medlem"),
        ("Mads Thygesen", "C", "medlem"),
    ]
