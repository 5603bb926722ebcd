"""App-wide messages.

Every message so far belongs to one widget and is nested in it (``ArticleList.Chosen``,
``LinkPane.Chosen``, ``ArticleBody.LinkClicked``), handled with ``@on`` on the reader screen.
Messages that several screens need go here.
"""
