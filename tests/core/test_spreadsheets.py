from core.spreadsheets import formula_safe


def test_text_that_starts_a_formula_stays_text():
    assert formula_safe("=1+1") == "'=1+1"
    assert formula_safe("+84 912") == "'+84 912"
    assert formula_safe("-2") == "'-2"
    assert formula_safe("@SUM(A1)") == "'@SUM(A1)"
    assert formula_safe("\t=1") == "'\t=1"
    assert formula_safe("\r=1") == "'\r=1"


def test_other_values_are_left_alone():
    assert formula_safe("Nguyễn Văn A") == "Nguyễn Văn A"
    assert formula_safe("a=b") == "a=b"
    assert formula_safe("") == ""
    assert formula_safe(-2) == -2
    assert formula_safe(None) is None
