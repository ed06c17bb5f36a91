/* main: parse the command line and hand over to the app. */
#include "config.h"

int main(void)
{
	return 0;
}
