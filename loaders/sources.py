"""Every source ``python -m loaders ingest`` knows, by the name the command takes."""

from __future__ import annotations

from loaders.base import Loader
from loaders.errors import UnknownSource
from loaders.boundaries import Boundaries
from loaders.mps import CrimeCounts, KnifeCrime
from loaders.population import Population
from loaders.schools import Schools
from loaders.partnership import Incidents, Indicators
from loaders.police_uk import StopSearch, Street

LOADERS: dict[str, type[Loader]] = {
    loader.name: loader
    for loader in (StopSearch, Street, KnifeCrime, CrimeCounts, Boundaries, Schools, Population, Incidents, Indicators)
}


def loader_for(name: str, options: dict | None = None) -> Loader:
    """The loader called ``name``, set up with ``options`` (the command's flags)."""
    try:
        return LOADERS[name](options)
    except KeyError as err:
        raise UnknownSource(f"there is no source called {name!r}; the sources are "
                            f"{', '.join(sorted(LOADERS))}") from err
