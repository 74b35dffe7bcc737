package server

import (
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// prepareRender makes Fiber build its list of mounted apps before the
// server takes requests. Fiber builds it lazily on the first Render and
// reads it unlocked in its error handler for connection errors, so a first
// page rendered while another connection fails is a data race (seen by the
// race detector under load). Rendering nothing once builds it; the render
// itself fails, and that error is of no interest.
func prepareRender(f *fiber.App) {
	c := f.AcquireCtx(&fasthttp.RequestCtx{})
	defer f.ReleaseCtx(c)
	_ = c.Render("", nil)
}
