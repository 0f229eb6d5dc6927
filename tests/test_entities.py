"""Entity resolution on made-up names: what must merge, and what must stay apart."""

from summarizer.entities import Mention, Resolver, parse_name, split_names, strip_title


def groups(*mentions: Mention) -> list[set[str]]:
    return [{n.surface for n in e.names} for e in Resolver(list(mentions)).entities]


def together(result: list[set[str]], *names: str) -> bool:
    return any(set(names) <= g for g in result)


def test_titles_and_brackets_are_not_part_of_a_name():
    assert strip_title("Redland defence spokesman Col. Mira Hale") == "Mira Hale"
    assert strip_title("Foreign Minister Ilse Varn") == "Ilse Varn"
    assert strip_title("Commander-in-Chief of the Armed Forces") == "Commander-in-Chief of the Armed Forces"
    assert split_names("BCF [Blue Coast Front]") == ["BCF", "Blue Coast Front"]
    assert parse_name("Redland's Blue-Coast Fronts").key == parse_name("blue coast front").key


def test_variants_of_one_name_merge():
    result = groups(
        Mention("Tavi al-Oss", "a1", True, ("Abu Karim",)),  # the article gives the kunya
        Mention("Abu Karim", "a2", True),
        Mention("Tavi al Oss", "a3", True),  # hyphenation
        Mention("Col. Mira Hale", "a1"),
        Mention("Mira Hale", "a2", True),
        Mention("Hale", "a3"),  # surname alone
        Mention("Blue Coast Front", "a1", False),
        Mention("BCF", "a2", False),  # acronym
        Mention("Popular Defence Forces", "a1", False),
        Mention("Popular Defense Force", "a2", False),  # spelling and plural
        Mention("Redland forces", "a1", False),
        Mention("Redland military", "a2", False),
        Mention("Orm-backed militants", "a1", False),  # a group and its members, in any language the lexicon knows
        Mention("Orm-backed militia", "a2", False),
        Mention("Orm-backed fighters", "a3", False),
    )
    assert together(result, "Tavi al-Oss", "Abu Karim", "Tavi al Oss")
    assert together(result, "Mira Hale", "Hale")
    assert together(result, "Blue Coast Front", "BCF")
    assert together(result, "Popular Defence Forces", "Popular Defense Force")
    assert together(result, "Redland forces", "Redland military")
    assert together(result, "Orm-backed militants", "Orm-backed militia", "Orm-backed fighters")
    assert len(result) == 6  # an army is no militia


def test_names_that_only_look_alike_stay_apart():
    result = groups(
        Mention("Abu Karim", "a1", True),
        Mention("Abu Nasser al-Tal", "a1", True),  # shared "Abu" is not a name
        Mention("Coast Front", "a2", False),
        Mention("Blue Coast Front", "a2", False),
        Mention("Front", "a2", False),  # one word of a group's name is not the group
        Mention("Redland government", "a1", False),
        Mention("Redland military", "a1", False),
        Mention("Redland", "a1", False),
        Mention("Austrian army", "a3", False),
        Mention("Australian army", "a3", False),  # near spellings, different countries
    )
    assert not together(result, "Abu Karim", "Abu Nasser al-Tal")
    assert not together(result, "Front", "Blue Coast Front")
    assert not together(result, "Redland government", "Redland military")
    assert not together(result, "Redland", "Redland military")
    assert not together(result, "Austrian army", "Australian army")


def test_an_ambiguous_surname_is_not_guessed():
    result = groups(Mention("Tomas Brell", "a1", True), Mention("Anna Brell", "a1", True), Mention("Brell", "a2"))
    assert {"Brell"} in result
    assert not together(result, "Tomas Brell", "Anna Brell")


def test_find_maps_any_name_seen_to_its_entity():
    resolver = Resolver([Mention("Mira Hale", "a1", True), Mention("Gen. Hale", "a2")])
    assert resolver.find("Brig. Gen. Mira Hale") is resolver.find("Hale") is not None
    assert resolver.find("Someone Else") is None


def test_names_in_other_scripts_stay_apart_and_join_their_latin_spelling_when_an_article_says_so():
    result = groups(
        Mention("Олена Коваль", "a1", True),  # made-up Ukrainian names
        Mention("Ірина Мельник", "a1", True),
        Mention("Olena Koval (Олена Коваль)", "a2", True),
        Mention("سامي الخطيب", "a3", True),  # made-up Arabic names
        Mention("رامي حداد", "a3", True),
    )
    assert len(result) == 4, result
    assert together(result, "Олена Коваль", "Olena Koval")
    assert not together(result, "Олена Коваль", "Ірина Мельник")
    assert not together(result, "سامي الخطيب", "رامي حداد")


def test_a_name_joins_its_latin_spelling_across_scripts_without_being_told():
    # made-up names: Cyrillic "и" reads "i" in Latin letters, where the Latin press writes "y"
    result = groups(Mention("Дмитро Бирюк", "a1", True), Mention("Dmytro Byriuk", "a2", True),
                    Mention("Бирюк", "a3"), Mention("Dmitri Baranov", "a2", True))
    assert together(result, "Дмитро Бирюк", "Dmytro Byriuk") and together(result, "Бирюк", "Dmytro Byriuk")
    assert not together(result, "Dmytro Byriuk", "Dmitri Baranov")


def test_a_first_name_ending_in_s_joins_its_spelling_in_another_script_and_the_surname_follows():
    # made-up: Cyrillic "Дорис" reads "Doris", the Latin press writes "Dorys"; "s" there is no plural
    r = Resolver([Mention("Dorys Karsk", "a1", True), Mention("Дорис Карск", "a2", True), Mention("Karsk", "a3", True)])
    assert r.find("Karsk") is r.find("Dorys Karsk") is r.find("Дорис Карск")
    # a group's plural still matches its singular
    groups = Resolver([Mention("Orm Defence Forces", "a1"), Mention("Orm Defense Force", "a2")])
    assert groups.find("Orm Defence Forces") is groups.find("Orm Defense Force")


def test_a_name_in_a_script_without_capitals_is_still_a_name():
    from summarizer.entities import is_name

    assert is_name("سامي الخطيب") and is_name("Олена Коваль") and is_name("Blue Coast Front")
    assert not is_name("another member of the group")


def test_a_surname_joins_the_person_once_the_short_forms_of_the_first_name_have_joined():
    from summarizer.entities import Mention, Resolver

    r = Resolver([Mention("Patrick Varn", "a", True), Mention("Pat Varn", "b", True), Mention("Varn", "c", True)])
    assert r.find("Varn") is r.find("Pat Varn") is r.find("Patrick Varn")


def test_a_group_s_members_are_the_group_shown_by_the_group_s_own_name():
    resolver = Resolver([Mention("Redland army members", "a1", False), Mention("Redland army", "a2", False),
                         Mention("Sol Harbor Front members", "a3", False)])
    army = resolver.find("Redland army members")
    assert army is resolver.find("Redland army") and army.name == "Redland army"
    assert resolver.find("Sol Harbor Front members").name == "Sol Harbor Front members"  # its only name


def test_a_kind_of_outlet_written_before_its_name_is_the_outlet():
    resolver = Resolver([Mention("Fernsehsender Al-Orm", "a1", False), Mention("Al-Orm", "a2", False),
                         Mention("Agence Orm-Presse", "a3", False), Mention("AOP", "a4", False)])
    assert resolver.find("Fernsehsender Al-Orm") is resolver.find("Al-Orm")  # German: "TV station Al-Orm"
    assert resolver.find("AOP") is resolver.find("Agence Orm-Presse")  # its initials still name it
    assert parse_name("Press TV").key == "press tv"  # a name made of outlet words is kept whole


def test_an_institution_written_with_its_own_initials_still_refines_its_state():
    from summarizer.entities import refines

    assert refines("Redland Defence Forces (RDF)", "Redland", "institutions")
    assert not refines("Redland Liberation Front (RLF)", "Redland", "institutions")
