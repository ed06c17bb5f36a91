/* theme_color: colour arithmetic for themes: #rrggbb to the nearest of
 * xterm's 256 colours, and a 256-colour style to the 8 colours every colour
 * terminal has. Pure; the RGB values are xterm's defaults (other terminals
 * differ a little, which is why hues matter more than distances at 8). */
#include "config.h"

#include "widgets/theme.h"

#include <stdbool.h>
#include <stdint.h>

/* xterm's default palette for 0..15 (other terminals differ a little). */
static const unsigned char ansi_rgb[16][3] = {
	{0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
	{0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	{127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
	{92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

static const unsigned char cube_level[6] = {0, 95, 135, 175, 215, 255};

static void color_rgb(int c, unsigned rgb[3])
{
	if (c < 16) {
		rgb[0] = ansi_rgb[c][0];
		rgb[1] = ansi_rgb[c][1];
		rgb[2] = ansi_rgb[c][2];
	} else if (c < 232) {
		rgb[0] = cube_level[(c - 16) / 36];
		rgb[1] = cube_level[(c - 16) / 6 % 6];
		rgb[2] = cube_level[(c - 16) % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (unsigned)(c - 232);
	}
}

static unsigned long dist2(const unsigned a[3], const unsigned b[3])
{
	unsigned long d = 0;
	int i;

	for (i = 0; i < 3; i++) {
		long x = (long)a[i] - (long)b[i];

		d += (unsigned long)(x * x);
	}
	return d;
}

static unsigned nearest_cube_step(unsigned v)
{
	unsigned i, best = 0;

	for (i = 1; i < 6; i++)
		if ((v > cube_level[i] ? v - cube_level[i] : cube_level[i] - v) <
		    (v > cube_level[best] ? v - cube_level[best] : cube_level[best] - v))
			best = i;
	return best;
}

int theme_rgb_to_256(unsigned r, unsigned g, unsigned b)
{
	unsigned want[3] = {r > 255 ? 255 : r, g > 255 ? 255 : g, b > 255 ? 255 : b};
	unsigned cube_rgb[3], grey_rgb[3];
	unsigned avg = (want[0] + want[1] + want[2]) / 3, gi;
	int cube = 16 + 36 * (int)nearest_cube_step(want[0]) + 6 * (int)nearest_cube_step(want[1]) +
		   (int)nearest_cube_step(want[2]);

	/* The grey ramp runs 8, 18, ... 238. */
	gi = avg <= 8 ? 0 : (avg - 8 + 5) / 10;
	if (gi > 23)
		gi = 23;
	color_rgb(cube, cube_rgb);
	color_rgb(232 + (int)gi, grey_rgb);
	return dist2(grey_rgb, want) < dist2(cube_rgb, want) ? 232 + (int)gi : cube;
}

/* to_8: one colour at 8 colours. fg may gain bold (bright colours) or dim
 * (mid greys, which would otherwise turn white or vanish into black). The
 * 8 colours' shades differ between terminals; only their hues are sure. */
static int16_t to_8(int c, bool fg, uint8_t *attrs)
{
	unsigned rgb[3], lo, hi, best = 0, i;

	if (c < 8)
		return (int16_t)c;
	if (c < 16) {
		if (fg)
			*attrs |= CELL_BOLD;
		return (int16_t)(c - 8);
	}
	color_rgb(c, rgb);
	lo = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
	lo = lo < rgb[2] ? lo : rgb[2];
	hi = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
	hi = hi > rgb[2] ? hi : rgb[2];
	if (hi - lo < 40) { /* a grey */
		unsigned l = (rgb[0] + rgb[1] + rgb[2]) / 3;

		if (!fg)
			return l < 128 ? 0 : 7;
		if (l < 48)
			return 0;
		if (l < 160)
			*attrs |= CELL_DIM;
		return 7;
	}
	/* A colour: keep the channels in its brighter half. By hue rather than
	 * by distance, so pastel green stays green instead of turning white. */
	for (i = 0; i < 3; i++)
		if (2 * rgb[i] > hi + lo)
			best |= 1u << i; /* ANSI order: 1 red, 2 green, 4 blue */
	return (int16_t)best;
}

struct style theme_style_to_8(struct style s)
{
	struct style out = s;

	out.fg = to_8(s.fg, true, &out.attrs);
	out.bg = to_8(s.bg, false, &out.attrs);
	/* Text the colour of its background is invisible: pick the contrast. */
	if (out.fg >= 0 && out.fg == out.bg) {
		bool light_bg = out.bg == 2 || out.bg == 3 || out.bg == 6 || out.bg == 7;

		out.fg = light_bg ? 0 : 7;
		out.attrs &= (uint8_t)~CELL_DIM;
	}
	return out;
}
