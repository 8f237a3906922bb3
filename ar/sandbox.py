"""The sandbox every template runs in: no way into Python, and bounded in size and work.

Templates come from the ledger's own folder, so they are input like any other. Jinja's
sandbox keeps them away from Python's internals and limits `range()` to 100,000 numbers;
this environment bounds the rest of what a template could use to exhaust memory or time,
each limit far beyond what a letter, a statement or an invoice needs:

- a value an operator, filter or method builds (`'a' * n`, `[x] * n`, `'%*d' % (n, 1)`,
  `'{:>n}'.format(x)`, `|center(n)`, `.ljust(n)`, `10 ** n`) is checked *before* it is
  built: at most MAX_ITEMS characters or items, integers under MAX_BITS bits;
- text (a `~` join, a `{% set %}` block, a macro's output, the document itself, anything
  turned into text) holds at most MAX_TEXT characters;
- one rendering builds at most MAX_BUILT characters in all and takes at most MAX_STEPS
  loop iterations, calls and includes, and MAX_SECONDS of processor time.

Processor time is bounded twice. In the main thread (every arl command) a profiling timer
(`setitimer(ITIMER_PROF)`, Linux and every POSIX system) delivers SIGPROF once the process
has used MAX_SECONDS of processor time in the rendering, and the handler stops it wherever
it is, even inside one slow filter (`wordwrap` of a long word took seconds per call: 40 of
them ran 92 s while the clock was read every 1,024 steps). Elsewhere (a thread, or a
platform without the timer) the clock is read on every call and filter and every
_CLOCK_EVERY loop steps, so one call can overrun by its own length at most; the inputs of the
filters slow on long texts are bounded for that reason (template_limits.MAX_WRAPPED).

Past a limit the template stops with TemplateLimit, which each loader reports as one line
naming the template.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment

from ar.template_limits import (
    MAX_BUILT,
    MAX_ITEMS,
    MAX_SECONDS,
    MAX_STEPS,
    MAX_TEXT,
    TemplateLimit,
    at_most,
    check_braces,
    check_operands,
    check_str_method,
    filter_check,
    size,
    weight,
)

_CLOCK_EVERY = 1024  # steps between looks at the processor clock


@dataclass
class _Budget:
    """What one rendering has used so far."""

    steps: int = 0
    built: int = 0
    started: float = field(default_factory=time.process_time)

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"more than {MAX_STEPS:,} loop iterations, calls and includes")
        if not self.steps % _CLOCK_EVERY:
            self.clock()

    def clock(self) -> None:
        if time.process_time() - self.started > MAX_SECONDS:
            raise _out_of_time()

    def build(self, count: int) -> None:
        self.built += count
        if self.built > MAX_BUILT:
            raise TemplateLimit(f"builds more than {MAX_BUILT:,} characters in all")


class _BoundedCode(CodeGenerator):
    """Compiles every loop to count its iterations, and `~` to check what it joins."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not _is_counted(node.iter):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None
            ).set_lineno(node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined(")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join)")
        else:
            self.write("markup_join" if frame.eval_ctx.autoescape else "str_join")
        self.write(", (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


def _is_counted(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and node.node.name == "counted"
    )


class _Template(jinja2.Template):
    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        """A rendering (for `{% import %}` too) whose text is counted as it is written."""
        context = self.new_context(vars, shared, locals)
        environment = self.environment
        assert isinstance(environment, BoundedSandbox)
        return TemplateModule(self, context, environment.written(self.root_render_func(context)))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the limits above; render through `render_within_limits`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedCode
    template_class = _Template

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = _Budget()
        self.finalize = self._finalize
        self.globals.pop("lipsum", None)  # n paragraphs of filler text, for any n
        self.filters = {name: self._bounded(name, f) for name, f in self.filters.items()}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`*`, `**`, `%` and `+`, checked before they compute."""
        check_operands(operator, left, right)
        return self._built(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes: a macro, a method, `range()`, a recursive loop."""
        self.budget.step()
        self.budget.clock()
        if isinstance(obj, LoopContext) and args:  # a recursive loop's next level
            args = (self.counted(args[0]), *args[1:])
        receiver = getattr(obj, "__self__", None)
        if isinstance(receiver, str):
            args = check_str_method(receiver, getattr(obj, "__name__", ""), args, kwargs)
        result = super().call(context, obj, *args, **kwargs)
        if isinstance(receiver, list | dict | set):  # append, extend, update...
            at_most(len(receiver), MAX_ITEMS, "a list or mapping")
        return self._built(result)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`text.format(...)` and `text.format_map(...)`, checked before they format."""
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        text, mapped = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            if mapped:
                check_braces(text, (), args[0] if args else {})
            else:
                check_braces(text, args, kwargs)
            return formatter(*args, **kwargs)

        return checked

    def get_template(self, *args: Any, **kwargs: Any) -> jinja2.Template:
        self.budget.step()  # includes and imports: a template may include itself, twice
        return super().get_template(*args, **kwargs)

    def select_template(self, *args: Any, **kwargs: Any) -> jinja2.Template:
        self.budget.step()
        return super().select_template(*args, **kwargs)

    # -- called from compiled templates ---------------------------------------------------
    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What a `{% for %}` loop runs over, one step per item."""
        for item in iterable:
            self.budget.step()
            yield item

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """`a ~ b ~ c`: the parts weighed before they become one text."""
        at_most(sum(weight(part) for part in parts), MAX_TEXT, "a joined text")
        text: str = self._built(join(parts))
        return text

    def written(self, pieces: Iterable[str]) -> list[str]:
        """The pieces of a rendering, stopped as soon as they pass MAX_TEXT."""
        kept, total = [], 0
        for piece in pieces:
            total += len(piece)
            at_most(total, MAX_TEXT, "the text written")
            kept.append(piece)
        self.budget.build(total)
        return kept

    def concat(self, pieces: Iterable[str]) -> str:
        return "".join(self.written(pieces))

    def _finalize(self, value: Any) -> Any:
        """Every `{{ value }}` before it becomes text."""
        at_most(weight(value), MAX_TEXT, "a value written")
        return value

    def _built(self, result: Any) -> Any:
        count = size(result)
        if count:
            at_most(count, MAX_TEXT if isinstance(result, str) else MAX_ITEMS, "a value")
            self.budget.build(count)
        return result

    def _bounded(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        check = filter_check(name, func)

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            self.budget.clock()
            if check is not None:
                args, kwargs = check(args, kwargs)
            return self._built(func(*args, **kwargs))

        return run


def render_within_limits(template: jinja2.Template, context: Mapping[str, Any]) -> TemplateModule:
    """Render `template` afresh within the limits: its text and its top-level `set` values."""
    environment = template.environment
    if isinstance(environment, BoundedSandbox):
        environment.budget = _Budget()
    with _processor_deadline(MAX_SECONDS):
        return template.make_module(dict(context))


def rendered(template: jinja2.Template, context: Mapping[str, Any]) -> TemplateModule:
    """`render_within_limits`; a failure is re-raised with its traceback in template lines.

    Jinja rewrites the traceback; where it cannot (the deadline's exception may land on an
    instruction of the compiled template that has no line), the failure goes without one.
    """
    try:
        return render_within_limits(template, context)
    except Exception as exc:
        try:
            template.environment.handle_exception()
        except Exception as shown:
            if shown is exc:
                raise
            raise exc.with_traceback(None) from None


def _out_of_time() -> TemplateLimit:
    return TemplateLimit(f"more than {MAX_SECONDS:g} seconds of work")


def _expired(signum: int, frame: FrameType | None) -> None:
    raise _out_of_time()


@contextlib.contextmanager
def _processor_deadline(seconds: float) -> Iterator[None]:
    """SIGPROF after `seconds` of processor time, raising TemplateLimit where the rendering
    is; a no-op outside the main thread, without the timer, or inside a deadline already
    running (a rendering within a rendering keeps the outer one's)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGPROF) is _expired
    ):
        yield
        return
    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001))
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:
            signal.signal(signal.SIGPROF, previous)
