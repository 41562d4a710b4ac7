package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// handlerFunc does the work of one route. A returned *apiError becomes the
// error envelope; any other value is answered as 200 JSON.
type handlerFunc func(call) (any, error)

// call is what a handler gets: the request, its already-read body and the {id}
// path parameter, if the route has one.
type call struct {
	r    *http.Request
	body []byte
	id   string
}

// route is one method + path template, its key (e.g. RouteGetAWSAccount: the
// method, a space, the template); the template's only parameter is {id}. doc
// says what it does and takes, for GET /_admin/.
type route struct {
	key    string
	handle handlerFunc
	doc    string
}

// method and pattern are the two halves of the route's key.
func (rt *route) method() string  { m, _, _ := strings.Cut(rt.key, " "); return m }
func (rt *route) pattern() string { _, p, _ := strings.Cut(rt.key, " "); return p }

type router []route

// match finds the route for method and path. Without one, allowed lists the
// methods the path does accept (none for an unknown path).
func (rs router) match(method, path string) (rt *route, id string, allowed []string) {
	for i := range rs {
		pid, ok := matchPattern(rs[i].pattern(), path)
		if !ok {
			continue
		}
		if rs[i].method() == method {
			return &rs[i], pid, nil
		}
		allowed = append(allowed, rs[i].method())
	}
	return nil, "", allowed
}

func (rs router) has(key string) bool {
	return slices.ContainsFunc(rs, func(rt route) bool { return rt.key == key })
}

func matchPattern(pattern, path string) (id string, ok bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return "", false
	}
	for i, p := range ps {
		switch {
		case p == "{id}" && xs[i] != "":
			id = xs[i]
		case p != xs[i]:
			return "", false
		}
	}
	return id, true
}

// routeError answers a request that matched no route: 405 when the path
// exists with other methods, else 404.
func routeError(r *http.Request, allowed []string) response {
	if len(allowed) == 0 {
		return errorResponse(notFound("Unknown route: %s %s", r.Method, r.URL.Path))
	}
	res := errorResponse(newError(http.StatusMethodNotAllowed, "Method %s is not allowed on %s; allowed: %s",
		r.Method, r.URL.Path, strings.Join(allowed, ", ")))
	res.header.Set("Allow", strings.Join(allowed, ", "))
	return res
}
