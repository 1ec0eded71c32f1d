#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU
   headers, which clash with the ICU copy inside Foundation. Nothing here uses the ICU
   converter fields, so the ICU part of the headers is left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>

/// `xmlFree` is a global function pointer, which Swift 6 will not read from concurrent code.
static inline void cxml_free(void *p) { xmlFree(p); }
