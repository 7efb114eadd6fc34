"""Every path of an election day through the chair's pages (issue 12, point 4)."""

import pytest

pytest.register_assert_rewrite("tests.app.elections.day")
