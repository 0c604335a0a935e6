"""Rule publishing workflow, versions and read-and-acknowledge (issue 4).

* ``page_fields`` — the "material change" fields regulations and procedures carry in their revisions
  (imported by ``content.models``; defines no concrete model).
* ``models`` — acknowledgement rounds, acknowledgements, the reminder log and the compliance review task.
* ``rules`` — plain domain rules without ORM or HTTP: the article diff, due dates and reminder policy,
  the maker-checker rule (双人复核).
* ``services`` — the one place per mutation (open a round, acknowledge, re-sync after post changes,
  reminders, superseding) and the read models of the reports.
"""
