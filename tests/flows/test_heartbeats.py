"""Flow heartbeats off where nothing watches them."""

from __future__ import annotations


def test_without_heartbeats_turns_them_off_for_the_block_reuses_its_copy_and_restores_them() -> None:
    from prefect.settings import get_current_settings

    from flows.heartbeats import without_heartbeats

    before = get_current_settings().flows.heartbeat_frequency
    with without_heartbeats() as first:
        assert get_current_settings().flows.heartbeat_frequency is None
    with without_heartbeats() as second:
        assert second is first  # copied once: every school of every night enters here
    assert get_current_settings().flows.heartbeat_frequency == before is not None
