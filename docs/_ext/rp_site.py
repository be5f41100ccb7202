"""Sphinx additions for the site's reading: collapsible details, and equation references across pages.

* ``{rp-details} Summary`` (with ``:name:`` and ``:open:``) is an HTML ``<details>`` element whose summary is the
  directive's argument (MyST inline syntax, math included) and whose body is the directive's content. The site's
  script opens it when a link points into it.
* ``{rp-figure} wide.svg`` with ``:narrow: narrow.svg`` is a figure holding two drawings of the same plot, one laid
  out for a laptop and one for a phone (panels one under the other); the stylesheet shows the one that fits.
* Every page numbers its equations from (1), so an equation of another page is referred to as
  "(3) in <that page's title>"; a bare "(3)" would name an equation of the page being read.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Figure
from sphinx.domains.math import MathDomain
from sphinx.util.docutils import SphinxDirective


class details(nodes.General, nodes.Element):
    """A collapsible block."""


class summary(nodes.General, nodes.TextElement):
    """The always-visible line of a collapsible block."""


class Details(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": directives.unchanged, "class": directives.class_option, "open": directives.flag}

    def run(self):
        node = details(classes=["rp-details", *self.options.get("class", [])], open="open" in self.options)
        self.add_name(node)
        title, messages = self.state.inline_text(self.arguments[0], self.lineno)
        node += summary("", "", *title)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node, *messages]


class NarrowFigure(Figure):
    """A figure whose image is drawn twice: the argument for a wide screen, ``:narrow:`` for a narrow one."""

    option_spec = {**Figure.option_spec, "narrow": directives.unchanged_required}

    def run(self):
        narrow = self.options.pop("narrow")
        result = super().run()
        figure = result[0]
        wide = next(iter(figure.findall(nodes.image)))
        wide["classes"].append("rp-wide")
        phone = nodes.image(uri=directives.uri(narrow), alt=wide.get("alt", ""), classes=["rp-narrow"])
        wide.parent.insert(wide.parent.index(wide) + 1, phone)
        return result


def _visit_details(self, node):
    attributes = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", **attributes))


def _depart_details(self, node):
    self.body.append("</details>\n")


def _visit_summary(self, node):
    self.body.append(self.starttag(node, "summary", ""))


def _depart_summary(self, node):
    self.body.append("</summary>\n")


def _pass(self, node):
    pass


class PageMathDomain(MathDomain):
    """The math domain, with the title of the page appended to a reference to another page's equation."""

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        ref = super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        docname = self.equations.get(target, (None, None))[0]
        if ref is not None and docname is not None and docname != fromdocname and docname in env.titles:
            ref.append(nodes.Text(f" in {env.titles[docname].astext()}"))
        return ref


def setup(app):
    app.add_node(details, html=(_visit_details, _depart_details), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_node(summary, html=(_visit_summary, _depart_summary), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_directive("rp-details", Details)
    app.add_directive("rp-figure", NarrowFigure)
    app.add_domain(PageMathDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
