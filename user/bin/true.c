/* true - exit 0 and nothing else: the smallest program, for spawn costs. */
int main(void)
{
	return 0;
}
