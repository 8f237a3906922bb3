"""Files in other tools' formats: bank statements (camt.053, MT940, CSV) read into lines."""
