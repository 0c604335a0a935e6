"""Pure domain rules (no ORM, no HTTP): readable top to bottom and tested on plain values."""
