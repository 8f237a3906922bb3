"""Documents customers receive: invoice HTML and PDF, e-invoices, and the e-mail carrying them.

Every function here turns a `billing.document.Document` into bytes; none decides what is
owed. Heavy libraries (weasyprint, segno, babel, factur-x) are imported where they are used.
"""
