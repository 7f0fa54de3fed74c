import pickle

from lib.errors import ERROR, WARNING, ClientImportError, Problem, Term, _lt, render


def test_lt_marks_without_changing_the_text():
    assert _lt("Row %(row)s is empty") == "Row %(row)s is empty"


def test_error_renders_its_params_but_keeps_the_template():
    error = ClientImportError(_lt("Row %(row)s has %(count)s cells"), row=7, count=3)
    assert str(error) == "Row 7 has 3 cells"
    assert error.message == "Row %(row)s has %(count)s cells"
    assert error.params == {"row": 7, "count": 3}


def test_render_tolerates_missing_params():
    assert render("Column %(column)s", {"other": 1}) == "Column %(column)s"
    assert render("100% sure", {}) == "100% sure"


def test_problem_names_its_column():
    problem = Problem(_lt("%(value)s is not an email"), {"value": "x@"}, WARNING, column="E-mail")
    assert str(problem) == "E-mail: x@ is not an email"
    assert Problem("Missing").severity == ERROR


def test_a_marked_text_stays_marked_through_the_planning_processes():
    # Planned rows travel to and from the planning processes pickled; a key's
    # label inside a problem's params must still be known as translatable.
    params = {"key": _lt("VAT"), "partners": "Bakkerij Peeters"}
    problem = Problem(_lt("ambiguous: %(key)s matches %(partners)s"), params)
    copy = pickle.loads(pickle.dumps(problem))
    assert isinstance(copy.params["key"], Term)
    assert isinstance(copy.message, Term)
    assert str(copy) == "ambiguous: VAT matches Bakkerij Peeters"
