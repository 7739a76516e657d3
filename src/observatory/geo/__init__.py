"""Offline geocoding: gazetteer (GeoNames, CC BY 4.0), toponym recognition and resolution,
main incident location, UCDP ``where_prec``.

    from observatory.geo import get_geocoder
    g = get_geocoder()
    places = g.find_places(text)
    loc = g.main_location(places, claims, text)
"""
from __future__ import annotations

import threading

from .gazetteer import Gazetteer, user_gazetteer_path
from .geocoder import Geocoder

__all__ = ["Gazetteer", "Geocoder", "get_geocoder", "reset_geocoder", "user_gazetteer_path"]

_lock = threading.Lock()
_geocoder: Geocoder | None = None


def get_geocoder() -> Geocoder:
    """The process-wide geocoder (shipped gazetteer + user layer), loaded once."""
    global _geocoder
    g = _geocoder
    if g is None:
        with _lock:
            if _geocoder is None:
                _geocoder = Geocoder(Gazetteer.load())
            g = _geocoder
    return g


def reset_geocoder() -> None:
    """Forget the cached geocoder (after importing into the user gazetteer)."""
    global _geocoder
    with _lock:
        _geocoder = None
