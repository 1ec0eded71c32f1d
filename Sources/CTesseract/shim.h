#include <allheaders.h>
#include <tesseract/capi.h>
/* glibc's allocator settings (`mallopt`): the OCR stage keeps its page-sized images in the heap. */
#include <malloc.h>
