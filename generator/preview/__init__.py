"""The preview (`mentorkit serve`): the server, the watcher, the live-reload
script, and the builds (builder.py: in a process of their own, forked before
the server's threads start, so that they use every core). It calls the
orchestrator; nothing in the pipeline imports it.
"""
