# Writes OUTPUT, a C++ file defining `const char* const NAMESPACE::SYMBOL`
# holding the text of INPUT. Run with cmake -P at build time.
file(READ "${INPUT}" text)
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT}; do not edit.\nnamespace ${NAMESPACE} {\nextern const char* const ${SYMBOL};\nconst char* const ${SYMBOL} = R\"lophocembed(${text})lophocembed\";\n}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
