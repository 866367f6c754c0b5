# Shortcuts for developers who have make. Everything is done by ./manage.sh, which is what the
# README uses (a fresh machine may have no make). Extra arguments: make test ARGS="-k money".
.PHONY: run test i18n compile build setup lock

run:
	./manage.sh run $(ARGS)

test:
	./manage.sh test $(ARGS)

i18n:
	./manage.sh i18n

compile:
	./manage.sh compile

build:
	./manage.sh build

setup:
	./manage.sh setup

lock:
	./manage.sh lock
