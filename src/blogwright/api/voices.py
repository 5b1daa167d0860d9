"""Voices: list them, load one, learn one from a writer's posts, score a text against one, delete
one, and turn a user's edits of a post into feedback for its voice."""

from __future__ import annotations

from blogwright.voices import Voice, all_voices, load_voice
from blogwright.voices.feedback import apply_feedback
from blogwright.voices.learn import all_profiles, delete_voice, learn_voice, load_profile, voice_dir
from blogwright.voices.score import VoiceVerdict, judge_post, post_prose, post_voice

__all__ = ["Voice", "VoiceVerdict", "all_profiles", "all_voices", "apply_feedback", "delete_voice", "judge_post",
           "learn_voice", "load_profile", "load_voice", "post_prose", "post_voice", "voice_dir"]
