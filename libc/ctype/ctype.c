#include <ctype.h>

/*
 * ASCII only ("C" locale).  The unsigned subtraction makes every test one
 * range check, and values outside 0..255 (other than EOF, which is in no
 * class) simply fail it.
 */
#define IN(c, lo, hi) ((unsigned int)(c) - (lo) <= (unsigned int)((hi) - (lo)))

int isdigit(int c)  { return IN(c, '0', '9'); }
int islower(int c)  { return IN(c, 'a', 'z'); }
int isupper(int c)  { return IN(c, 'A', 'Z'); }
int isalpha(int c)  { return islower(c) || isupper(c); }
int isalnum(int c)  { return isalpha(c) || isdigit(c); }
int isascii(int c)  { return IN(c, 0, 0x7f); }
int isblank(int c)  { return c == ' ' || c == '\t'; }
int iscntrl(int c)  { return IN(c, 0, 0x1f) || c == 0x7f; }
int isgraph(int c)  { return IN(c, 0x21, 0x7e); }
int isprint(int c)  { return IN(c, 0x20, 0x7e); }
int ispunct(int c)  { return isgraph(c) && !isalnum(c); }
int isspace(int c)  { return c == ' ' || IN(c, '\t', '\r'); }
int isxdigit(int c) { return isdigit(c) || IN(c, 'a', 'f') || IN(c, 'A', 'F'); }
int tolower(int c)  { return isupper(c) ? c - 'A' + 'a' : c; }
int toupper(int c)  { return islower(c) ? c - 'a' + 'A' : c; }
