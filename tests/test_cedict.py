"""CC-CEDICT as alignment and term extraction read it: every sense, English content words."""

from tm_tool import cedict


def test_every_sense_of_a_headword_and_its_content_words():
    dictionary = cedict.load()
    assert "plenary session" in dictionary.glosses("全会")
    assert {"development", "growth"} <= dictionary.english_words("发展")
    assert "the" not in dictionary.english_words("发展")


def test_traditional_headwords_find_the_same_entry():
    dictionary = cedict.load()
    assert dictionary.glosses("傳統") == dictionary.glosses("传统")


def test_notes_and_cross_references_are_not_glosses():
    entry = cedict.parse_line("東莞 东莞 [Dong1 guan3] /Dongguan prefecture-level city in "
                              "Guangdong 廣東省|广东省[Guang3 dong1 sheng3]/CL:個|个[ge4]/")
    assert entry is not None
    assert entry.glosses == ("Dongguan prefecture-level city in Guangdong",)
    assert cedict.parse_line("# CC-CEDICT") is None
    assert cedict.parse_line("個 个 [ge4] /CL:個|个[ge4]/") is None
