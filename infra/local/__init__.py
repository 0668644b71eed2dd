"""The whole product on one machine, without Docker or an AWS account: ``python -m infra.local serve``."""
