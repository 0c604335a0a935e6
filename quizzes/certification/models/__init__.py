"""Models of the certification app, one module per concern (see each module's docstring)."""

from .awards import GradeAward  # noqa: F401
from .certificates import (  # noqa: F401
    Certificate,
    CertificateBatch,
    CertificateImmutable,
    SerialCounter,
)
from .results import SkillResult, TheoryResult  # noqa: F401
from .scheme import (  # noqa: F401
    GradeLevel,
    GradeScheme,
    PostCertificationRequirement,
    SkillRequirement,
    SkillTestType,
    TheoryRequirement,
)
from .skill_tests import (  # noqa: F401
    SkillAttempt,
    SkillAttemptEvent,
    SkillKeystrokeBatch,
    SkillPassMark,
    SkillSitting,
    SkillTestDefinition,
)
