"""The rule for a database password, shared by the 数据库密码 dialog and the
command line."""

from __future__ import annotations

MIN_LENGTH = 6
MAX_LENGTH = 128


def password_problem(password: str, repeated: str) -> str | None:
    """Why ``password`` (typed twice) cannot be used, in Chinese; None when it can."""
    if not password:
        return "请输入新密码。"
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符。"
    if len(password) > MAX_LENGTH:
        return f"密码不能超过 {MAX_LENGTH} 个字符。"
    if password != password.strip():
        return "密码的开头和结尾不能是空格。"
    if any(ord(ch) < 32 for ch in password):
        return "密码不能包含控制字符。"
    if password != repeated:
        return "两次输入的密码不一致。"
    return None
