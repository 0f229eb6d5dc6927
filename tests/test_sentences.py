"""One rule for where sentences end, used by grounding, the statements, the planted check and the summary."""

from summarizer import ground, planted, sentences


def test_a_title_an_abbreviation_or_a_number_does_not_end_a_sentence():
    text = 'Col. Mira Hale said U.S. forces struck on Aug. 10. "We acted," she said. 12 people died'
    assert sentences.split(text) == ['Col. Mira Hale said U.S. forces struck on Aug. 10.', '"We acted," she said. 12 people died']


def test_arabic_and_cjk_sentences_end_at_their_own_marks():
    text = "هل كانت الضربة قانونية؟ قال المتحدث إنها كانت دفاعا عن النفس. 港口遭到袭击。 居民撤离。"
    assert len(sentences.split(text)) == 4


def test_grounding_and_the_planted_check_cut_an_article_into_the_same_sentences():
    text = ("Port Vell, Mar. 12 -- A Redland drone struck a truck. Col. Mira Hale said it was lawful.\n"
            "هل كانت الضربة قانونية؟ قال المتحدث إنها كانت دفاعا عن النفس.")
    grounded = [(s.start, s.end) for s in ground.sentences("a", text)]
    checked = [(s.start + len(s.text) - len(s.text.lstrip()), s.start + len(s.text.rstrip()))
               for s in planted.sentences(text)]
    assert grounded == checked and len(grounded) == 4
