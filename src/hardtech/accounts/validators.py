"""Password validators in the interface's language."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error in Chinese: Django's zh-hans catalogue lacks this message since it was reworded."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"
