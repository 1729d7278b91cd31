"""Word lists the entity analyzer and the resolver share: outlets, role nouns, places, countries.

Written for this project (not copied from any source). They are deliberately modest: they fix the
small spaCy model where it is most often wrong on international news, and every rule that uses
them also works, less well, for names missing from them.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip() for p in text.replace("\n", " ").split(";") if p.strip())


def _mapping(text: str) -> dict[str, str]:
    """Lines "Country: alias; alias; ..." -> {alias: Country}."""
    out: dict[str, str] = {}
    for line in text.strip().splitlines():
        target, _, aliases = line.partition(":")
        for alias in _phrases(aliases):
            out[alias] = target.strip()
    return out


# News organizations, lower-cased. Matched as whole token sequences starting with a capital;
# entries starting with "the" need the article ("The Times"), the others match with or without it.
OUTLETS: frozenset[str] = _phrases(
    """
    abc news; afp; agence france-presse; al jazeera; anadolu; anadolu agency; ap; associated press;
    axios; azattyq; bbc; bbc news; bild; bloomberg; boston globe; breitbart; business insider;
    buzzfeed news; cbs; cbs news; cctv; cgtn; chicago tribune; cnbc; cnn; corriere della sera;
    daily mail; daily telegraph; der spiegel; deutsche welle; die zeit; el pais;
    entertainment weekly; euronews; face the nation; financial times; forbes; fox news;
    global times; haaretz; huffington post; huffpost; interfax; itv; izvestia; jerusalem post;
    kazinform; kommersant; kyiv independent; kyiv post; kyodo; la repubblica; le figaro; le monde;
    los angeles times; meduza; meet the press; menafn; msnbc; nbc; nbc news; new york times;
    newsmax; newsweek; nhk; novaya gazeta; npr; orda.kz; pbs; people magazine; people's daily;
    politico; radio free europe; radio liberty; reuters; rfe/rl; ria novosti; rt; semafor;
    sky news; south china morning post; spiegel; sputnik; tass; tengrinews; the atlantic;
    the daily beast; the daily mail; the economist; the financial times; the gaze; the guardian;
    the hill; the hollywood reporter; the independent; the insider; the intercept;
    the kyiv independent; the mirror; the new york times; the new yorker; the observer; the sun;
    the sunday times; the telegraph; the times; the times of israel; the wall street journal;
    the washington post; times of israel; tmz; ukrainska pravda; ukrinform; unian; us weekly;
    usa today; vedomosti; voice of america; vox; wall street journal; washington post; xinhua;
    yonhap
    """
)

# Single role nouns that make a preceding or apposed phrase a person's title. Lower-case, singular.
PERSON_ROLES: frozenset[str] = _words(
    """
    actor actress admiral adviser advisor aide ambassador analyst anchor attorney ayatollah bishop
    candidate captain cardinal ceo chair chairman chairwoman chancellor chief co-founder coach
    colonel columnist commander commentator congressman congresswoman correspondent councillor
    councilor counsel counselor deputy detective dictator diplomat director economist editor emir
    emperor envoy executive expert fellow founder general governor head host imam journalist judge
    justice king lawmaker lawyer leader legislator manager mayor mediator minister monarch mp
    negotiator nominee officer official pastor patriarch player politician pope premier president
    priest prince princess professor prosecutor queen rabbi reporter representative researcher
    ruler scholar secretary senator sheikh sheriff singer speaker spokesman spokespeople
    spokesperson spokeswoman star strategist sultan undersecretary vice-president
    """
)

# Words that may sit inside a title before the role noun ("Russian presidential aide").
TITLE_MODIFIERS: frozenset[str] = _words(
    """
    acting assistant associate chief conservative defence defense deputy economic executive federal
    finance first foreign former general house independent interior kremlin lead liberal local
    managing military national news political presidential press prime principal regional security
    senior special state top trade veteran vice white
    """
)

# Role nouns a definite description can use to point back at a person ("the Russian leader").
# Each maps to the roles in a title it is compatible with.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    # A leader heads a state or government: a prime minister (read as "premier") is one, a
    # foreign minister is not ("the Russian leader" after Putin and Lavrov is Putin).
    "leader": frozenset({"president", "leader", "premier", "chancellor", "king", "queen", "ruler"}),
    "president": frozenset({"president"}),
    "spokesman": frozenset({"spokesman", "spokesperson", "spokeswoman"}),
    "spokeswoman": frozenset({"spokeswoman", "spokesperson", "spokesman"}),
    "spokesperson": frozenset({"spokesperson", "spokesman", "spokeswoman"}),
    "minister": frozenset({"minister", "secretary"}),
    "diplomat": frozenset({"minister", "secretary", "diplomat", "ambassador", "envoy"}),
    "secretary": frozenset({"secretary"}),
    "aide": frozenset({"aide", "adviser", "advisor"}),
    "adviser": frozenset({"adviser", "advisor", "aide"}),
    "advisor": frozenset({"adviser", "advisor", "aide"}),
    "envoy": frozenset({"envoy", "ambassador"}),
    "chancellor": frozenset({"chancellor"}),
    "premier": frozenset({"premier", "minister"}),
    "expert": frozenset({"expert", "analyst", "fellow", "scholar", "researcher"}),
    "analyst": frozenset({"analyst", "expert", "fellow"}),
    "governor": frozenset({"governor"}),
    "senator": frozenset({"senator"}),
    "mayor": frozenset({"mayor"}),
    "general": frozenset({"general", "commander"}),
    "commander": frozenset({"commander", "general"}),
    "actress": frozenset({"actress", "actor", "star"}),
    "actor": frozenset({"actor", "star"}),
    "star": frozenset({"star", "actor", "actress", "singer", "player"}),
    "singer": frozenset({"singer", "star"}),
    "official": frozenset(),  # "the official" is too vague to link on its own
}

FEMALE_ROLES = frozenset({"spokeswoman", "actress", "queen", "princess", "chairwoman", "congresswoman"})
MALE_ROLES = frozenset({"spokesman", "king", "prince", "chairman", "congressman"})

# Demonyms and country spellings, lower-case, mapped to one country name.
COUNTRY_OF: dict[str, str] = _mapping(
    """
    United States: us; u.s.; usa; u.s.a.; united states; america; american; americans
    Russia: russia; russian; russians; russian federation
    Ukraine: ukraine; ukrainian; ukrainians
    China: china; chinese
    United Kingdom: uk; u.k.; britain; great britain; united kingdom; british
    France: france; french
    Germany: germany; german
    Israel: israel; israeli
    Iran: iran; iranian
    Turkey: turkey; turkish
    Hungary: hungary; hungarian
    Poland: poland; polish
    India: india; indian
    Japan: japan; japanese
    Kazakhstan: kazakhstan; kazakh
    Belarus: belarus; belarusian
    Italy: italy; italian
    Spain: spain; spanish
    Canada: canada; canadian
    Mexico: mexico; mexican
    Brazil: brazil; brazilian
    Syria: syria; syrian
    Saudi Arabia: saudi arabia; saudi
    Qatar: qatar
    Egypt: egypt; egyptian
    North Korea: north korea; north korean
    South Korea: south korea; south korean
    Georgia: georgia; georgian
    European Union: european union; eu
    """
)

# Seats of power and capitals used as metonyms for a government: kept as their own
# organization or place, linked to the country, never merged into a person.
METONYM_COUNTRY: dict[str, str] = _mapping(
    """
    Russia: kremlin; moscow
    United States: white house; washington; state department; pentagon
    Ukraine: kyiv; kiev; bankova
    China: beijing
    United Kingdom: downing street; london
    France: elysee; élysée; paris
    Germany: berlin
    Iran: tehran
    Turkey: ankara
    Hungary: budapest
    Poland: warsaw
    Belarus: minsk
    Japan: tokyo
    India: new delhi
    European Union: brussels
    """
)
_SEATS_OF_POWER = frozenset(
    {"kremlin", "white house", "state department", "pentagon", "downing street", "elysee"}
)

# Places the small model often tags as people or organizations (lower-case).
PLACES: frozenset[str] = (
    (frozenset(METONYM_COUNTRY) - _SEATS_OF_POWER)
    | {c.lower() for c in COUNTRY_OF.values()}
    | _words(
        """
        ababa abu addis alaska almaty amman amsterdam anchorage astana athens avdiivka aviv baghdad
        bakhmut baku bangkok beirut belgrade bern bishkek bogota brasilia bratislava bucharest
        cairo canberra caracas chisinau copenhagen crimea damascus delhi dhabi dnipro doha donbas
        donetsk dubai dublin dushanbe gaza geneva hanoi havana helsinki hong islamabad istanbul
        jakarta jerusalem kabul kharkiv kherson khmeimim kong kuala lagos lima lisbon ljubljana
        luhansk lumpur lviv madrid malaysia manila mariupol mumbai nairobi odesa odessa oslo ottawa
        prague pretoria pyongyang riga riyadh rome santiago seoul sevastopol shanghai singapore
        sofia st.petersburg stockholm sydney taipei tallinn tashkent tbilisi tel toronto vienna
        vilnius yerevan zagreb zaporizhzhia zurich
        """
    )
)

# Honorifics dropped when comparing names.
HONORIFICS: frozenset[str] = _words(
    """
    dame dr dr. lady lord madam madame miss mr mr. mrs mrs. ms ms. prof prof. rev rev. sir
    """
)

# A few first names per gender; with the surname endings below they let "she" find "Stanovaya".
FEMALE_FIRST_NAMES: frozenset[str] = _words(
    """
    akzharkyn amy angela anna barbara britney caroline ekaterina elena elizabeth emily emma giorgia
    hannah hillary irina iryna ivanka jennifer jessica jill julia kaja kamala karen karoline kim
    kristi laura linda lindsay lisa liz margaret maria marine mariya marjorie mary melania michelle
    nancy natalia natalya nikki oksana olena olga pam pamela patricia rachel sarah susan svetlana
    tara tatiana tatyana theresa tulsi ursula victoria yana yekaterina yelena yulia
    """
)
MALE_FIRST_NAMES: frozenset[str] = _words(
    """
    aleksandr alexander alexei alexey andrew andrii andriy barack benjamin bill boris charles chuck
    david dmitri dmitry donald elon emmanuel friedrich george hakeem ivan j.d. jake james jared jd
    joe john joseph kairat kash keir kevin khasan kirill lindsey marco mark michael mike mikhail
    mitch narendra nikolai olaf oleg paul pavel pete peter rand recep richard rishi robert ron
    sergei sergey steve steven ted thomas todd viktor vladimir volodymyr xi yerzhan yuri yury
    """
)
FEMALE_SURNAME_ENDINGS = ("ova", "eva", "ina", "aya", "skaya", "yna")


def demonym_forms(country: str) -> set[str]:
    """What English makes of a country's name for its people: Marasta/Marastan, Russia/Russian,
    Brazil/Brazilian, Ukraine/Ukrainian, Iraq/Iraqi, Japan/Japanese, China/Chinese, Germany/German."""
    if len(country) < 4 or not country.isalpha():
        return set()
    stem = country[:-1]
    forms = {country + "n", country + "an", country + "ian", stem + "ian", country + "i", country + "ese"}
    if country[-1] in "aey":
        forms |= {stem + "ese", stem + "n"}
    if country[-1] == "y":
        forms.add(stem)  # Germany/German
    return forms
