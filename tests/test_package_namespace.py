"""The package's names are loaded on first use (PEP 562): each resolves to its definition, unknown ones fail clearly."""

from __future__ import annotations

import importlib

import pytest

import regprior as rp
import regprior.solvers as solvers
from regprior import priors
from tests.properties import prop


def _forget(module, name):
    """Drop a name the module has cached, so that the next access goes through its ``__getattr__`` again."""
    module.__dict__.pop(name, None)


@prop(r"Every name a package lists in `__all__` (`regprior`, `regprior.solvers`) resolves on first use to the object "
      r"defined in the module that defines it (a module for a subpackage's name), and is then cached in the package; "
      r"`regprior.__all__` is every located name but the `priors` and `selection` subpackages, plus every prior; "
      r"`dir()` lists, sorted, `__all__` (loaded or not) and the module's own globals; an unknown name raises "
      r"`AttributeError` with the message Python gives for a module.",
      group="inputs", checks=())
@pytest.mark.parametrize("package, expected", [
    (rp, "module 'regprior' has no attribute 'no_such_name'"),
    (solvers, "module 'regprior.solvers' has no attribute 'no_such_name'"),
])
def test_package_names_resolve_on_first_use(package, expected):
    located = package._LOCATIONS
    for name in package.__all__:
        _forget(package, name)
        value = getattr(package, name)
        where = located.get(name)
        if where is None:  # a prior, re-exported from regprior.priors
            assert package is rp and value is getattr(priors, name)
        elif where == "":
            assert value is importlib.import_module(f"{package.__name__}.{name}")
        else:
            assert value is getattr(importlib.import_module(where, package.__name__), name)
        assert package.__dict__[name] is value
    if package is rp:
        _forget(rp, "__all__")
        assert rp.__all__ == sorted(set(located) - {"priors", "selection"}) + list(priors.__all__)
    _forget(package, package.__all__[-1])  # a listed name not loaded yet is listed all the same
    listing = dir(package)
    assert listing == sorted(listing)
    assert set(package.__all__) | set(vars(package)) <= set(listing)
    assert {"__getattr__", "_LOCATIONS"} <= set(listing)
    with pytest.raises(AttributeError) as info:
        package.no_such_name  # noqa: B018
    assert str(info.value) == expected
