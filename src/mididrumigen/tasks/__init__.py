"""Background jobs: the same job code runs in-process (a thread pool) or on Celery workers.

    state.py        task state over storage/task_store.py: owners, single-flight join,
                    progress with ETA, crash recovery
    jobs.py         the job registry (kind -> function over services) and execute(task_id)
    context.py      JobContext: what a job gets besides its params
    research_jobs.py  the research and augment jobs
    local.py        LocalRunner: a thread pool in this process (the default)
    celery_app.py   make_celery(settings), CeleryRunner (MIDIDRUMIGEN_BROKER_URL=redis://…)
    runner.py       make_runner(settings, engine): picks one of the two

State lives in the database `tasks` table, so a task can be polled from any process and
survives a restart; nothing here imports Celery unless a broker is configured.
"""
