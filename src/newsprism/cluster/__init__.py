"""newsprism.cluster: articles -> stories."""

from .simple import group_stories, similarity_matrix, story_id

__all__ = ["group_stories", "similarity_matrix", "story_id"]
