// A no-op for libxml2's variadic generic-error callback, set per thread (libxml2 keeps it in thread-local state).
#include "quiet_xml.h"

typedef void (*nianbao_generic_error)(void *context, const char *message, ...);
extern void xmlSetGenericErrorFunc(void *context, nianbao_generic_error handler);

static void nianbao_ignore(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

void nianbao_quiet_libxml2(void) {
    xmlSetGenericErrorFunc(0, nianbao_ignore);
}
