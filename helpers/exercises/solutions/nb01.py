"""The worked solutions of notebook 01's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "01.1": Worked(
        solution=r"""
**(b) $h = 10^{-5}$.** Two errors pull in opposite directions.

* The *truncation* error comes from replacing the curve by a straight secant. The central
  difference's secant is centred on $x$, and its truncation error is $\propto h^2$: a hundred times
  smaller when $h$ is ten times smaller. For $\sin$ at $x = 1$ and $h = 0.1$ it is about $10^{-3}$
  (the notebook's table shows $9.0 \times 10^{-4}$).
* The *rounding* error comes from the computer keeping only about 16 significant digits.
  $f(x+h)$ and $f(x-h)$ agree in their leading digits, and subtracting them leaves only the few
  digits in which they differ; each value carries an error of about $10^{-16}$, and dividing by
  $2h$ magnifies it to at most about $10^{-16}/h$. At $h = 10^{-10}$ that bound is $10^{-6}$ (the
  notebook's table shows $6 \times 10^{-8}$, already far larger than at $h = 10^{-5}$); at
  $h = 10^{-15}$ the difference is mostly noise.

The total is smallest where the two are about equal: $h^2 \approx 10^{-16}/h$, so
$h^3 \approx 10^{-16}$ and $h \approx 10^{-5}$ (the log-log plot of the notebook has its
minimum near there, between $10^{-6}$ and $10^{-5}$). That is why
`helpers.numerical_derivative` uses a step of $10^{-6}$, close to the best.
""",
        answer_code="""
answer = "b"
""",
    ),
    "01.2": Worked(
        solution=r"""
Write $y = f(g(x))$ with inner function $u = g(x) = x^2$ and outer function $f(u) = \sin u$.
Their derivatives are $g'(x) = 2x$ and $f'(u) = \cos u$. By the chain rule, equation (1.1),

$$\frac{dy}{dx} = f'(g(x)) \cdot g'(x) = \cos(x^2) \cdot 2x.$$

At $x = 1.5$: $u = 1.5^2 = 2.25$, so $\frac{dy}{dx} = \cos(2.25) \cdot 3 \approx -0.6282 \cdot 3
\approx -1.885$. The slope is negative: at $x = 1.5$ the curve $\sin(x^2)$ is going down, because
$u = 2.25$ is past the top of the sine at $u = \pi/2 \approx 1.57$. Note that $\cos$ is evaluated
at $u = 2.25$, not at $x = 1.5$, and that the angle is in radians (NumPy's `np.cos` always is).
""",
        answer_code="""
import numpy as np

answer = np.cos(1.5**2) * 2 * 1.5
""",
    ),
    "01.3": Worked(
        solution="""
Equation (1.1) says: evaluate the outer derivative at the inner *value* $u = g(x)$, then multiply
by the inner derivative at $x$:

```python
def chain_derivative(df, dg, g, x):
    u = g(x)                 # where the outer function is working
    return df(u) * dg(x)     # f'(g(x)) · g'(x)
```

The two common slips are `df(x) * dg(x)` (the outer slope read off at the wrong place) and
`df(g(x))` alone (the inner slope forgotten). The check calls the function on several pairs of
functions and points, so a formula that happens to work at one point does not pass.
""",
        answer_code="""
def chain_derivative(df, dg, g, x):
    u = g(x)
    return df(u) * dg(x)


answer = chain_derivative
""",
    ),
    "01.4": Worked(
        solution=r"""
Along a chain the local slopes **multiply** (equation (1.1), applied once per link). Ten slopes of
$0.25$ give

$$0.25^{10} = \frac{1}{4^{10}} = \frac{1}{1\,048\,576} \approx 9.5 \times 10^{-7}.$$

A nudge of the input by $0.001$ moves the output by about $10^{-9}$: the output barely notices the
input. This is the *vanishing gradient* problem of deep networks in miniature: $0.25$ is the
largest slope the sigmoid function ever has, so a chain of ten sigmoids always has a slope below
this, as the notebook shows.
""",
        answer_code="answer = 0.25**10",
    ),
    "01.5": Worked(
        solution=r"""
$y$ depends on $x$ along **two paths**, $x \to u \to y$ and $x \to v \to y$. Multiply the local
derivatives along each path, then add the paths:

$$\frac{dy}{dx} = \frac{\partial y}{\partial u}\frac{du}{dx}
+ \frac{\partial y}{\partial v}\frac{dv}{dx}
= 2uv \cdot (-\sin x) + u^2 \cdot e^x.$$

At $x = 0.5$: $u = \cos 0.5 \approx 0.8776$, $v = e^{0.5} \approx 1.6487$, so

$$\frac{dy}{dx} \approx 2 \cdot 0.8776 \cdot 1.6487 \cdot (-0.4794) + 0.7702 \cdot 1.6487
\approx -1.3873 + 1.2698 \approx -0.1176.$$

The two paths almost cancel. Check: $y = \cos^2 x \cdot e^x$, and a central difference of that
function at $x = 0.5$ gives the same $-0.1176$.
""",
        answer_code="""
import numpy as np

x = 0.5
u, v = np.cos(x), np.exp(x)
answer = 2 * u * v * (-np.sin(x)) + u**2 * np.exp(x)
""",
    ),
}
