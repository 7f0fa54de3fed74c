# The two commands of the README, plus lint on its own.
.PHONY: run test lint screenshots

run:
	bash tools/run.sh

test:
	bash tools/test.sh

lint:
	ruff check . && ruff format --check .

# Refresh the readme's screenshots (static/description), English and Dutch, from the tours.
screenshots:
	CCI_SCREENSHOT_DIR=$(CURDIR)/crm_client_import/static/description \
	ODOO_TEST_TAGS=/crm_client_import:TestWizardTours,/crm_client_import:TestDutchScreens bash tools/test.sh
