/* assets.c — lookup in the generated table of built-in files. */
#include "util/assets.h"

#include <string.h>

const asset *assets_find(const char *name)
{
    for (const asset *a = assets_table; a->name; a++)
        if (strcmp(a->name, name) == 0) return a;
    return NULL;
}
