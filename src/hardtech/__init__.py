"""Hardtech 硬科技创新服务平台: the innovation-services platform of a high-tech zone."""

__version__ = "0.1.0"
