#!/usr/bin/env python3
"""Counts test outcomes in every TRX file under a folder and prints 'N passed, N failed, N skipped'.
Exit 1 when a test failed or no test ran at all."""
import glob
import sys
import xml.etree.ElementTree as ET

folder = sys.argv[1]
passed = failed = skipped = 0
for path in glob.glob(f"{folder}/**/*.trx", recursive=True):
    for el in ET.parse(path).getroot().iter():
        if el.tag.endswith("UnitTestResult"):
            outcome = el.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed > 0 or passed == 0 else 0)
