"""Question-bank use cases, one module per concern: bank paths, question versions, imports, exports.

Views, the management commands and the exam engine call these; none of them writes questions itself.
"""
