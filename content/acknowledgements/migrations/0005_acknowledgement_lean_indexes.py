"""Acknowledgements keep few indexes and none on ``status`` (see the model's Meta), and on PostgreSQL the table
leaves half of each page free, so that the one status change a pending request gets (replaced, withdrawn) is a
heap-only update: replacing a round of 50,000 requests then rewrites no index entry. Rows already stored keep
their pages until the table is next rewritten (VACUUM FULL); new rounds are written with the room."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "acknowledgements_acknowledgement"


def set_fillfactor(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {value})")

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('acknowledgements', '0004_round_summary_en_generated'),
        ('people', '0004_branch_manager_role'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='acknowledgement',
            name='ack_employee_status',
        ),
        migrations.RemoveIndex(
            model_name='acknowledgement',
            name='ack_round_status_due',
        ),
        migrations.AlterField(
            model_name='acknowledgement',
            name='revision',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.revision', verbose_name='revision acknowledged'),
        ),
        migrations.AlterField(
            model_name='acknowledgement',
            name='round',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='acknowledgements', to='acknowledgements.acknowledgementround', verbose_name='round'),
        ),
        migrations.AddIndex(
            model_name='acknowledgement',
            index=models.Index(condition=models.Q(('revision__isnull', False)), fields=['revision'], name='ack_revision_acknowledged'),
        ),
        migrations.RunPython(set_fillfactor(50), set_fillfactor(100), elidable=False),
    ]
