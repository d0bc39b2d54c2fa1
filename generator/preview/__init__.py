"""The preview (`mentorkit serve`): the server, the watcher and the live-reload
script. It calls the orchestrator; nothing in the pipeline imports it.
"""
