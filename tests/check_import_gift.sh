#!/usr/bin/env bash
# Placeholder: written by the GIFT import work.
exit 0
