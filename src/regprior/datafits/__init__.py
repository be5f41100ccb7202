r"""Datafits: the negative log-likelihood a solver minimizes, and the weight it gives the negative log-prior.

=================  ===========================================  ====================================
datafit            objective                                    prior weight
=================  ===========================================  ====================================
:class:`Quadratic` :math:`\sum_i s_i(y_i - \beta_0 - x_i^\top\beta)^2`     :math:`2\sigma^2` (Gaussian noise)
:class:`Logistic`  :math:`\sum_i \log(1 + e^{-s_i x_i^\top\beta})`       1 (Bernoulli)
:class:`Absolute`  :math:`\sum_i |y_i - \beta_0 - x_i^\top\beta|`         s (Laplace noise of scale s)
=================  ===========================================  ====================================
"""

from .absolute import Absolute, median_interval
from .logistic import Logistic, logistic_duality_gap
from .quadratic import Prepared, Quadratic, objective, prepare

__all__ = ["Absolute", "Logistic", "Quadratic", "Prepared", "prepare", "objective", "logistic_duality_gap",
           "median_interval"]
