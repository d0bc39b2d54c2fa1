"""The roster: every row checked, every problem named by its line, values kept as text."""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.load.roster import load_roster
from generator.load.roster_checks import ProgrammeFacts, check_programmes, pair_language, pair_start

HEADER = "pair,mentor,mentee,programme,start,weekday,time,timezone,notes\n"
PROGRAMMES = {"one-to-one": ProgrammeFacts(datetime.date(2027, 1, 12)), "group": ProgrammeFacts(None)}


def problems_of(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "roster.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    roster, problems = load_roster(path)
    problems += check_programmes(roster, PROGRAMMES)
    return [p.format() for p in sorted(problems, key=lambda p: p.line or 0)]


def test_a_good_roster_keeps_every_value_as_text(tmp_path: Path) -> None:
    text = (
        HEADER
        + 'p01,Ada <b>L</b>,Bo,one-to-one,2027-01-19,Tue,17:30,Europe/London,"=HYPERLINK(""http://x"")"\n\np02,Cy,Di,group,2027-03-01,,,,\n'
    )
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8-sig")  # as Excel saves 'CSV UTF-8'
    roster, problems = load_roster(path)
    assert problems == [] and check_programmes(roster, PROGRAMMES) == []
    first, second = roster.pairs
    assert (first.id, first.mentor, first.line, first.weekday) == ("p01", "Ada <b>L</b>", 2, 1)
    assert first.time == datetime.time(17, 30) and first.timezone == "Europe/London"
    assert first.values["notes"] == '=HYPERLINK("http://x")'
    assert roster.columns[0] == "pair"  # the byte order mark is not part of the first column's name
    assert second.line == 4 and second.start == datetime.date(2027, 3, 1)


def test_every_problem_at_once_with_its_line(tmp_path: Path) -> None:
    text = (
        HEADER
        + "p01,Ada,Bo,one-to-one,2027-01-12,,,,\n"
        + "p02,Cy,Di,one-to-on,2027-02-30,,25:00,Europe/Londn,\n"
        + "P01,Ed,Flo,one-to-one,2027-01-13,,9:60,,\n"
        + "../x,,Gil,one-to-one,2027-01-13,Tuesday,,,\n"
        + "p05,Hal,Ivy,group,,,,,\n"
        + "p06,Jo,Kit,one-to-one,12/01/2027,Funday,,,\n"
    )
    assert problems_of(tmp_path, text) == [
        "roster.csv:3: error: start 2027-02-30 is a date that does not exist\n  check the day and the month",
        "roster.csv:3: error: time '25:00' is not a time of day as HH:MM\n  write it on the 24-hour clock, such as 09:30 or 17:00",
        "roster.csv:3: error: timezone 'Europe/Londn' is not a time zone this computer knows\n  did you mean 'Europe/London'?",
        "roster.csv:3: error: programme 'one-to-on' not found\n  did you mean 'one-to-one'?",
        "roster.csv:4: error: time '9:60' is not a time of day as HH:MM\n  write it on the 24-hour clock, such as 09:30 or 17:00",
        "roster.csv:4: error: pair 'P01' is used twice (first on line 2) (as 'p01': folders on most computers ignore case)\n  give each pair its own id in the 'pair' column",
        "roster.csv:4: error: start 2027-01-13 is a Wednesday, but programme 'one-to-one' meets on Tuesdays\n  start on a Tuesday, such as 2027-01-19, or give the pair its own 'weekday' column",
        "roster.csv:5: error: the row has no 'mentor'\n  add the mentor's name",
        "roster.csv:5: error: pair id '../x' cannot name a folder\n  use up to 64 plain letters (a to z, no accents), digits, '-', '_' and '.', starting with a letter or digit, such as 'p07' or 'ada-and-bo'",
        "roster.csv:5: error: start 2027-01-13 is a Wednesday, not a Tuesday\n  start on a Tuesday, such as 2027-01-19, or change 'weekday'",
        "roster.csv:6: error: pair 'p05' has no start date, and programme 'group' has none\n  add the pair's first meeting as 'start' (YYYY-MM-DD)",
        "roster.csv:7: error: start '12/01/2027' is not a date\n  write it as YYYY-MM-DD, such as 2027-01-12",
        "roster.csv:7: error: weekday 'Funday' is not a day of the week\n  did you mean 'Sunday'?",
    ]


def test_missing_columns_are_named_on_the_header_line(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "pair,Mentor,mentee,programm\np1,A,B,one-to-one\n") == [
        "roster.csv:1: error: the roster has no 'programme' column\n  did you mean 'programm'?",
    ]
    assert problems_of(tmp_path, "pair,mentor,Mentor,mentee,programme\np1,A,A,B,one-to-one\n") == [
        "roster.csv:1: error: column 'mentor' is named twice (letter case aside)\n  give each column its own name",
    ]


def test_a_roster_as_a_spreadsheet_in_french_saves_it(tmp_path: Path) -> None:
    """Excel's 'CSV UTF-8' in a language with a decimal comma: a byte order mark, ';', CRLF,
    headings in capitals with a space after them, empty columns and rows at the end."""
    text = (
        "PAIR ;Mentor ;Mentee;Programme;Start;Hours;;\r\n"
        'p01;Ada;"Bo ""the"" one";one-to-one;2027-01-19;1,5;;\r\n'
        "p02;Cy;Di;one-to-one;;2;;\r\n"
        ";;;;;;;\r\n;;;;;;;\r\n"
    )
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    roster, problems = load_roster(path)
    assert problems == [] and check_programmes(roster, PROGRAMMES) == []
    assert roster.columns == ("pair", "mentor", "mentee", "programme", "start", "Hours", "", "")
    first, second = roster.pairs
    assert (first.id, first.mentee, first.start, first.values["Hours"]) == ("p01", 'Bo "the" one', datetime.date(2027, 1, 19), "1,5")
    assert (second.id, second.line, second.start) == ("p02", 3, None)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    data = (HEADER + "p01,Ada,Bo,one-to-one,,,,,\np02,Ren").encode() + "é".encode("latin-1") + b",Bo,one-to-one,,,,,\n"
    assert problems_of(tmp_path, data) == [
        "roster.csv:3: error: this line is not UTF-8 text\n  save the roster as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8)"
    ]


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text" (.txt): UTF-16 with a byte order mark, tab-separated, Windows line ends."""
    rows = [HEADER.strip().split(","), ["p01", "Zoë Ångström", "José Müller", "one-to-one", "2027-01-19", "", "", "", "Café, crème"]]
    text = "".join("\t".join(row) + "\r\n" for row in rows)
    for encoding, mark in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / "roster.txt"
        path.write_bytes(mark + text.encode(encoding))
        roster, problems = load_roster(path)
        assert problems == [] and roster.columns[0] == "pair"
        assert (roster.pairs[0].mentor, roster.pairs[0].values["notes"]) == ("Zoë Ångström", "Café, crème")
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") + b"p")  # cut off in the middle of a character
    assert problems_of(tmp_path, path.read_bytes()) == [
        "roster.csv:3: error: this line is not UTF-16 text, as the file's first bytes say it is\n"
        "  save the roster again as 'Unicode Text' or, better, as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8)"
    ]


def test_a_pair_copied_under_another_id_is_warned_of(tmp_path: Path) -> None:
    """A row copied in a spreadsheet, its id filled down: two packs, and two calendars whose meetings a pair would see twice."""
    text = (
        HEADER
        + "p01,Ada Lovelace,Bo Chen,one-to-one,,,,,\n"
        + "p02,Ada Lovelace,Bo Chen,group,2027-03-01,,,,\n"  # another programme: another pair
        + "p03,ada  lovelace,BO CHEN,one-to-one,,,,,\n"
        + "p03,Cy,Di,one-to-one,,,,,\n"  # an id used twice is an error, and said once
    )
    assert problems_of(tmp_path, text) == [
        "roster.csv:4: warning: pair 'p03' has the mentor, mentee and programme of pair 'p01' (line 2)\n"
        "  if it is one pair, remove one of the rows: each row makes a pack and a calendar of its own, "
        "and a pair that imports both sees every meeting twice",
        "roster.csv:5: error: pair 'p03' is used twice (first on line 4)\n  give each pair its own id in the 'pair' column",
    ]


def test_a_zone_as_a_calendar_shows_it_is_not_guessed_into_another(tmp_path: Path) -> None:
    """'IST' was 'did you mean MST?' (India's pairs at Denver's hour), 'GMT+1' was 'GMT+0'; a city's name finds its zone."""
    zones = ("IST", "GMT+1", "UTC+5:30", "Paris", "new york", "europe/london", "Europe/Londn")
    text = HEADER + "".join(f"p{n},A{n},B,one-to-one,,,,{zone},\n" for n, zone in enumerate(zones))
    no_place = (
        "an abbreviation or an offset names no place (several zones share 'IST', and 'GMT+1' keeps no summer time): "
        "write the IANA name of a city in the zone, such as 'Asia/Kolkata', 'Europe/Paris' or 'America/New_York'"
    )
    assert [problem.split("\n  ")[1] for problem in problems_of(tmp_path, text)] == [
        no_place,
        no_place,
        no_place,
        "did you mean 'Europe/Paris'?",
        "did you mean 'America/New_York'?",
        "did you mean 'Europe/London'?",
        "did you mean 'Europe/London'?",
    ]


def test_hostile_values(tmp_path: Path) -> None:
    huge = "x" * 200_000
    found = problems_of(tmp_path, HEADER + f'p01,"{huge}",Bo,one-to-one,,,,,\n')
    assert found == [
        'roster.csv:2: error: this row cannot be read: a value is longer than 100,000 characters (perhaps a quote " that is never closed)\n  check its quotes'
    ]
    found = problems_of(tmp_path, HEADER + f"p01,{'y' * 600},Bo,one-to-one,,,,,\np02,A,B,one-to-one,,,,,,,extra\n")
    assert found == [
        "roster.csv:2: error: the 'mentor' value is 600 characters long\n  keep values under 500",
        "roster.csv:3: error: this row has 11 values but the header names 9 columns\n  check for a comma inside a value: put such a value in double quotes",
    ]
    found = problems_of(tmp_path, HEADER + 'p01,"Ada\nLovelace",Bo,one-to-one,,,,,\ncon,A,B,one-to-one,,,,,\n')
    assert found[0].startswith("roster.csv:2: error: the 'mentor' value holds a line break")
    assert not any("has no 'mentor'" in problem for problem in found), "the value is wrong, not missing: said once"
    assert found[-1].startswith("roster.csv:4: error: pair id 'con' cannot name a folder")  # a quoted line break counts


def test_a_pair_starts_on_its_weekday() -> None:
    from generator.load.roster import Pair

    programme_start = datetime.date(2027, 1, 12)  # a Tuesday
    assert pair_start(Pair("p", "A", "B", "x", 2, weekday=3), programme_start) == datetime.date(2027, 1, 14)
    assert pair_start(Pair("p", "A", "B", "x", 2), programme_start) == programme_start
    assert pair_start(Pair("p", "A", "B", "x", 2, start=datetime.date(2027, 2, 2)), programme_start) == datetime.date(2027, 2, 2)


def test_a_roster_saved_with_semicolons_or_tabs(tmp_path: Path) -> None:
    for mark in ";\t":
        text = HEADER.replace(",", mark) + mark.join(["p01", "Ada, Countess", "Bo", "one-to-one", "", "", "", "", ""]) + "\n"
        path = tmp_path / "roster.csv"
        path.write_text(text, encoding="utf-8")
        roster, problems = load_roster(path)
        assert problems == [] and roster.pairs[0].mentor == "Ada, Countess"


def test_a_pairs_language_is_one_of_the_handbooks(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "pair,mentor,mentee,programme,language\np1,A,B,group,\np2,C,D,group,FR-ca\np3,E,F,group,fr-CH\np4,G,H,group,pt\n", encoding="utf-8"
    )
    roster, problems = load_roster(path)
    assert problems == []
    facts = {"group": ProgrammeFacts(datetime.date(2027, 1, 12))}
    found = [p.format() for p in check_programmes(roster, facts, ["en", "fr-CA"])]
    assert [pair_language(pair, ["en", "fr-CA"]) for pair in roster.pairs] == ["en", "fr-CA", None, None]
    assert found == [
        "roster.csv:4: error: language 'fr-CH' is not a language of this handbook\n"
        "  did you mean 'fr-CA'? (the handbook's languages: en, fr-CA)",
        "roster.csv:5: error: language 'pt' is not a language of this handbook\n  the handbook's languages: en, fr-CA",
    ]
    one = [p.format() for p in check_programmes(roster, facts, ["en"])]
    assert one[0] == (
        "roster.csv:3: error: language 'FR-ca' is not a language of this handbook\n"
        "  the handbook is in 'en' only: leave 'language' empty, or add the language under 'languages:' in mentorkit.yaml"
    )


def test_a_separator_line_and_empty_lines_above_the_header(tmp_path: Path) -> None:
    """Excel writes and reads a first line 'sep=;'; a sheet may start with empty rows."""
    for text, line in (
        ("sep=;\r\npair;mentor;mentee;programme\r\np1;A, B;C;group\r\n", 3),
        ('\n,,,\npair,mentor,mentee,programme\np1,"A, B",C,group\n', 4),
    ):
        path = tmp_path / "roster.csv"
        path.write_text(text)
        roster, problems = load_roster(path)
        assert problems == [] and roster.columns == ("pair", "mentor", "mentee", "programme")
        assert [(pair.id, pair.mentor, pair.line) for pair in roster.pairs] == [("p1", "A, B", line)]


def test_times_as_spreadsheets_save_them(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        HEADER + "".join(f"p{n},A{n},B,one-to-one,,,{time},,\n" for n, time in enumerate(("9:30", "09:30:00", "17:05", "0:00")))
    )
    roster, problems = load_roster(path)
    assert problems == []
    assert [pair.time for pair in roster.pairs] == [datetime.time(9, 30), datetime.time(9, 30), datetime.time(17, 5), datetime.time(0, 0)]
    found = problems_of(
        tmp_path, HEADER + "".join(f"p{n},A{n},B,one-to-one,,,{time},,\n" for n, time in enumerate(("24:00", "9:5", "09:30:15", "930")))
    )
    assert [problem.split("\n")[0] for problem in found] == [
        f"roster.csv:{line}: error: time {time!r} is not a time of day as HH:MM"
        for line, time in enumerate(("24:00", "9:5", "09:30:15", "930"), 2)
    ]


def test_times_as_spreadsheets_in_the_united_states_save_them(tmp_path: Path) -> None:
    """Excel and Google Sheets in the United States save '6:00 PM' or '6:00:00 PM': refused before as not HH:MM."""
    times = ("6:00 PM", "6:00:00 PM", "12:00 AM", "12:30 PM", "9:30 a.m.")
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "".join(f"p{n},A{n},B,one-to-one,,,{time},,\n" for n, time in enumerate(times)))
    roster, problems = load_roster(path)
    assert problems == []
    assert [pair.time for pair in roster.pairs] == [
        datetime.time(18, 0),
        datetime.time(18, 0),
        datetime.time(0, 0),
        datetime.time(12, 30),
        datetime.time(9, 30),
    ]
    found = problems_of(
        tmp_path, HEADER + "".join(f"p{n},A{n},B,one-to-one,,,{time},,\n" for n, time in enumerate(("13:00 PM", "0:30 AM", "6 PM")))
    )
    assert [problem.split("\n")[0] for problem in found] == [
        f"roster.csv:{line}: error: time {time!r} is not a time of day as HH:MM"
        for line, time in enumerate(("13:00 PM", "0:30 AM", "6 PM"), 2)
    ]


def test_pair_ids_that_name_what_the_packs_folder_holds_or_windows_keeps_are_refused(tmp_path: Path) -> None:
    rows = "".join(f"{ident},A {ident},B,one-to-one,,,,,\n" for ident in ("index.html", "Theme", "con.txt", "LPT1", "console", "p1.5"))
    found = problems_of(tmp_path, HEADER + rows)
    hint = "use up to 64 plain letters (a to z, no accents), digits, '-', '_' and '.', starting with a letter or digit, such as 'p07' or 'ada-and-bo'"
    assert found == [
        f"roster.csv:2: error: pair id 'index.html' cannot name a folder\n  {hint}; the packs folder holds its own 'index.html'",
        f"roster.csv:3: error: pair id 'Theme' cannot name a folder\n  {hint}; the packs folder holds its own 'theme'",
        f"roster.csv:4: error: pair id 'con.txt' cannot name a folder\n  {hint}; 'con.txt' is a name computers keep for themselves",
        f"roster.csv:5: error: pair id 'LPT1' cannot name a folder\n  {hint}; 'LPT1' is a name computers keep for themselves",
    ]


def test_a_start_in_a_break_is_warned_of_with_the_first_day_after_it(tmp_path: Path) -> None:
    facts = {
        "one-to-one": ProgrammeFacts(
            datetime.date(2027, 1, 12),
            breaks=(
                ("Winter", datetime.date(2027, 2, 1), datetime.date(2027, 2, 14)),
                ("", datetime.date(2027, 2, 15), datetime.date(2027, 2, 16)),
            ),
        )
    }
    path = tmp_path / "roster.csv"
    path.write_text(
        "pair,mentor,mentee,programme,start,weekday\np1,A,B,one-to-one,2027-02-02,\np2,C,D,one-to-one,2027-02-23,\np3,E,F,one-to-one,,\n"
    )
    roster, problems = load_roster(path)
    assert problems == []
    assert [p.format() for p in check_programmes(roster, facts)] == [
        "roster.csv:2: warning: start 2027-02-02 falls in the break 'Winter' of programme 'one-to-one' (2027-02-01 to 2027-02-14), when pairs do not meet\n"
        "  its meetings begin after the break; to have its start be its first meeting, give it a 'start' such as 2027-02-23"
    ]
    facts = {
        "one-to-one": ProgrammeFacts(datetime.date(2027, 1, 26), breaks=(("", datetime.date(2027, 1, 27), datetime.date(2027, 1, 29)),))
    }
    path.write_text("pair,mentor,mentee,programme,weekday\np1,A,B,one-to-one,Thursday\n")
    roster, problems = load_roster(path)
    assert [p.format() for p in check_programmes(roster, facts)] == [
        "roster.csv:2: warning: the pair's start (2027-01-28, the programme's on its weekday) falls in the break of programme 'one-to-one' (2027-01-27 to 2027-01-29), when pairs do not meet\n"
        "  its meetings begin after the break; to have its start be its first meeting, give it a 'start' such as 2027-02-04"
    ]


def test_title_rows_above_the_header_are_left_out(tmp_path: Path) -> None:
    """A sheet with a title and a date above its header, saved as CSV with ';' (as Excel
    does where the decimal mark is a comma): the header is found below them."""
    text = "Cohort 2027: mentor pairs;;;\nUpdated 3 March;;;\n;;;\nPair;Mentor;Mentee;Programme\np01;Ada;Bo;group\np02;Cy;Di;group\n"
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    roster, problems = load_roster(path)
    assert problems == [] and roster.columns == ("pair", "mentor", "mentee", "programme")
    assert [(pair.id, pair.mentor, pair.line) for pair in roster.pairs] == [("p01", "Ada", 5), ("p02", "Cy", 6)]


def test_a_roster_below_a_title_is_still_told_from_other_files(tmp_path: Path) -> None:
    from generator.load.roster_files import roster_header

    assert roster_header(b"Mentor pairs 2027\n\npair\tmentor\tmentee\np1\tA\tB\n") == 3
    assert roster_header(b"Reading list\ntitle,author\nMentoring,A. Pair\n") is None
    assert roster_header(b"a\n" * 12 + b"pair,mentor,mentee\n") is None, "a header is one of the first rows"


def test_a_quote_never_closed_is_told_as_such_once(tmp_path: Path) -> None:
    text = 'pair,mentor,mentee,programme\np1,"Ada,Bo,group\np2,Cy,Di,group\np3,Ed,Flo,group\n'
    assert problems_of(tmp_path, text) == [
        "roster.csv:2: error: a quote (\") opened in the 'mentor' value is never closed, so the lines up to 4 were read into it\n"
        '  close the quote, or take it out (a quote inside a quoted value is written twice: "")'
    ]
    # A cell typed with Alt+Enter breaks a line but holds no other row: told as a line break.
    told = problems_of(tmp_path, 'pair,mentor,mentee,programme\np1,"Ada\nLovelace",Bo,one-to-one\n')
    assert told == [
        "roster.csv:2: error: the 'mentor' value holds a line break or a control character\n"
        "  keep it on one line (in a spreadsheet, a cell typed with Alt+Enter holds a line break)"
    ]


def test_a_cell_typed_with_alt_enter_holding_a_comma_is_a_line_break_not_a_quote_left_open(tmp_path: Path) -> None:
    told = problems_of(tmp_path, 'pair,mentor,mentee,programme\np1,"Ada\nLondon, UK",Bo,one-to-one\n')
    assert told == [
        "roster.csv:2: error: the 'mentor' value holds a line break or a control character\n"
        "  keep it on one line (in a spreadsheet, a cell typed with Alt+Enter holds a line break)"
    ]
    # A quote left open in the last column leaves the row whole, but holds the next rows whole.
    told = problems_of(tmp_path, 'pair,mentor,mentee,programme\np1,Ada,Bo,"one-to-one\np2,Cy,Di,group\n')
    assert told[0].startswith("roster.csv:2: error: a quote (\") opened in the 'programme' value is never closed")
