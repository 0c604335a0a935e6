"""Domain rules of read-and-acknowledge, in plain modules without ORM or HTTP."""
