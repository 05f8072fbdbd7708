// Silences libxml2's generic error channel, whose handler is a C variadic callback that Swift cannot write.
#ifndef NIANBAO_QUIET_XML_H
#define NIANBAO_QUIET_XML_H

/// Routes libxml2's generic errors ("encoding error", "I/O error : encoder error") of the calling thread to nowhere;
/// nianbao reports parse errors itself, from the parser context.
void nianbao_quiet_libxml2(void);

#endif
